-- begin: starts a transaction on a load's own connection.
BEGIN TRANSACTION;
