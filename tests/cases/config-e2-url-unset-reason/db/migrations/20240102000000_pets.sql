CREATE TABLE pets (id integer PRIMARY KEY);
