-- Both updates or neither: if the debit breaks the CHECK, the transaction is aborted and
-- COMMIT rolls the credit back too.
BEGIN;
UPDATE accounts SET balance = balance - 50.00 WHERE id = 1;
UPDATE accounts SET balance = balance + 50.00 WHERE id = 2;
COMMIT;
