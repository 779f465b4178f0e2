-- One statement: if the debit breaks the CHECK, the whole UPDATE fails and neither row changes.
UPDATE accounts
   SET balance = balance + CASE id WHEN 1 THEN -50.00 ELSE 50.00 END
 WHERE id IN (1, 2);
