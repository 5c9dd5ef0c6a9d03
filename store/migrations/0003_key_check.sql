-- 0003: one row proves which key encrypts this database's secrets: a
-- constant sealed with that key, and the key's id (a hash, not the key).
-- Opening the database with another key is refused while secrets exist.

CREATE TABLE key_check (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	key_id     TEXT    NOT NULL,
	sealed     BLOB    NOT NULL,
	created_at INTEGER NOT NULL
);
