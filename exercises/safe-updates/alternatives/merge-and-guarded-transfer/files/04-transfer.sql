-- The debit only happens when account 1 can pay; the credit only when the debit happened.
WITH debit AS (
  UPDATE accounts SET balance = balance - 50.00
   WHERE id = 1 AND balance >= 50.00
  RETURNING id
)
UPDATE accounts SET balance = balance + 50.00
 WHERE id = 2 AND EXISTS (SELECT 1 FROM debit);
