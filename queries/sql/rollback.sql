-- rollback: ends the transaction, dropping its writes.
ROLLBACK;
