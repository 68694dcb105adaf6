-- The versioning walkthrough in Spark SQL. Every statement below is one new version of lance.demo.quotes.
-- The embedding views (minilm_embeddings, bge_embeddings: id BIGINT, vector ARRAY<FLOAT>) are computed in Java
-- from the quotes with real models just before they are used.

-- step 1: create the table with three quotes
CREATE TABLE quotes AS
SELECT CAST(id AS BIGINT) AS id, author, quote FROM VALUES
  (1, 'Richard', 'Wubba Lubba Dub Dub!'),
  (2, 'Morty', "Rick, what's going on?"),
  (3, 'Richard', 'I turned myself into a pickle, Morty!') AS t(id, author, quote);

-- step 2: update Richard to Richard Daniel Sanchez
UPDATE quotes SET author = 'Richard Daniel Sanchez' WHERE author = 'Richard';

-- step 3: append two quotes
INSERT INTO quotes VALUES
  (4, 'Richard Daniel Sanchez', "That's the way the news goes!"),
  (5, 'Morty', 'Aww geez, Rick!');

-- step 4: add a vector column for all-MiniLM-L6-v2 embeddings
ALTER TABLE quotes ADD COLUMN vector_minilm VECTOR(384) COMMENT 'all-MiniLM-L6-v2';

-- step 5: fill it with MERGE
MERGE INTO quotes t USING minilm_embeddings s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET t.vector_minilm = s.vector
WHEN NOT MATCHED THEN INSERT (id, vector_minilm) VALUES (s.id, s.vector);

-- step 6: roll back to version 3, before any embeddings (history is kept)
RESTORE TABLE quotes TO VERSION AS OF 3;

-- step 7: add a vector column for another model, bge-small-en-v1.5
ALTER TABLE quotes ADD COLUMN vector_bge VECTOR(384) COMMENT 'bge-small-en-v1.5';

-- step 8: fill it with MERGE
MERGE INTO quotes t USING bge_embeddings s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET t.vector_bge = s.vector
WHEN NOT MATCHED THEN INSERT (id, vector_bge) VALUES (s.id, s.vector);

-- step 9: keep only Richard Daniel Sanchez's quotes
DELETE FROM quotes WHERE author != 'Richard Daniel Sanchez';
