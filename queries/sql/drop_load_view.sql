-- drop_load_view: drops the Arrow view pairstat_load once it is read.
DROP VIEW pairstat_load;
