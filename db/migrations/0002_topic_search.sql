-- Full-text search over topics: titles, descriptions and opinions. Chinese has no spaces, so the
-- app segments text into words (Intl.Segmenter) and stores it space-separated; unicode61 then
-- indexes every word, two-character ones such as 电梯 and 停车 included (trigram would miss them).
-- rowid = topics.id; kept up to date by the use cases that write topics and opinions.
CREATE VIRTUAL TABLE `topic_search` USING fts5(`title`, `body`, tokenize = 'unicode61 remove_diacritics 2');
