CREATE TABLE b (c text DEFAULT 'x);
