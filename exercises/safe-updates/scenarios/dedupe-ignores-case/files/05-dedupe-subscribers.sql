DELETE FROM subscribers s
 USING subscribers keep
 WHERE lower(keep.email) = lower(s.email)
   AND keep.id < s.id;
