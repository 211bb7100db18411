// The tiled watermark "内部信息-<姓名> <时间>" over every screen and every open dialog. It is
// a grid of text tiles that lets clicks through (pointer-events: none in app.css), so it
// sits above the content without getting in the way.

import { TEXT } from './text.js';

// Enough tiles for a 2560 x 1600 screen at the tile size set in app.css.
const TILE_COUNT = 120;

let person = null;
const layers = new Set();

function stamp() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
  return `${TEXT.watermarkPrefix}-${person ?? TEXT.watermarkNobody} ${time}`;
}

function fill(layer) {
  const text = stamp();
  const tiles = [];
  for (let i = 0; i < TILE_COUNT; i += 1) {
    const tile = document.createElement('span');
    tile.className = 'watermark-tile';
    tile.textContent = text;
    tiles.push(tile);
  }
  layer.replaceChildren(...tiles);
}

// Adds a watermark layer to `container` (the page, or a dialog, which the browser draws above
// the page's own layers).
export function attachWatermark(container) {
  let layer = container.querySelector(':scope > .watermark');
  if (!layer) {
    layer = document.createElement('div');
    layer.className = 'watermark watermark-local';
    layer.setAttribute('aria-hidden', 'true');
    container.append(layer);
  }
  layers.add(layer);
  fill(layer);
}

// Sets the name in the watermark and redraws every layer.
export function setWatermarkPerson(name) {
  person = name || null;
  refresh();
}

function refresh() {
  for (const layer of layers) {
    if (!layer.isConnected) {
      layers.delete(layer);
      continue;
    }
    fill(layer);
  }
}

export function startWatermark() {
  const main = document.getElementById('watermark');
  layers.add(main);
  fill(main);
  // The time is shown to the minute.
  setInterval(refresh, 30 * 1000);
}
