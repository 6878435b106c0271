ALTER TABLE `tbl` ADD `col_2` bigint;
ALTER TABLE tbl ADD c2 int;
