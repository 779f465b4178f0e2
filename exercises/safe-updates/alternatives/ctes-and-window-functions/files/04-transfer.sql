START TRANSACTION;
UPDATE accounts SET balance = balance + 50.00 WHERE id = 2;
UPDATE accounts SET balance = balance - 50.00 WHERE id = 1;
END;
