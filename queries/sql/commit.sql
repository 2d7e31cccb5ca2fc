-- commit: ends the transaction, keeping its writes.
COMMIT;
