//! The label-and-value grid at the top of office forms: two label/value pairs per row, or one
//! label with its value across the row for long text such as 标题 and 拟办意见.

use crate::pdf::{Align, Cell, Column, Table};

/// Font size of form grids.
pub(crate) const GRID_SIZE: f32 = 10.5;

pub(crate) struct Grid {
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub(crate) fn new() -> Grid {
        Grid { rows: Vec::new() }
    }

    /// A row with two label/value pairs.
    pub(crate) fn pair(&mut self, label: &str, value: &str, label2: &str, value2: &str) -> &mut Grid {
        self.rows.push(vec![Cell::label(label), Cell::new(value), Cell::label(label2), Cell::new(value2)]);
        self
    }

    /// A row with one label and its value across the rest of the row.
    pub(crate) fn wide(&mut self, label: &str, value: &str) -> &mut Grid {
        self.rows.push(vec![Cell::label(label), Cell::new(value).span(3)]);
        self
    }

    /// Like [`Grid::wide`], at least `height` points tall: room to write an opinion by hand.
    pub(crate) fn tall(&mut self, label: &str, value: &str, height: f32) -> &mut Grid {
        self.rows.push(vec![Cell::label(label), Cell::new(value).span(3).align(Align::Left).min_height(height)]);
        self
    }

    pub(crate) fn into_table(self) -> Table {
        Table {
            columns: vec![
                Column::new(1.0, Align::Center),
                Column::new(2.1, Align::Left),
                Column::new(1.0, Align::Center),
                Column::new(2.1, Align::Left),
            ],
            header: Vec::new(),
            rows: self.rows,
            size: GRID_SIZE,
        }
    }
}
