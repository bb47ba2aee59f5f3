-- The highest line number seen per Twinfield transaction (office, daybook, number), so
-- that a transaction the deleted-transactions service reports can be deleted line by line.
CREATE TABLE entry_lines (
    connection_id text NOT NULL,
    office text NOT NULL,
    daybook text NOT NULL,
    number text NOT NULL,
    max_line integer NOT NULL,
    PRIMARY KEY (connection_id, office, daybook, number)
);
