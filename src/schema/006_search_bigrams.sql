-- A second full-text index of the records' search text: every pair of adjacent letters or
-- digits as a word, so that two-character searches use an index. The trigram index serves
-- three or more characters only. The migration fills it from records_fts (src/records/search.rs).
CREATE VIRTUAL TABLE records_bigrams USING fts5(pairs, tokenize = 'unicode61');
