-- A row goes when another row has the same email and a lower id: the lowest id of each email stays.
DELETE FROM subscribers s
 USING subscribers keep
 WHERE keep.email = s.email
   AND keep.id < s.id;
