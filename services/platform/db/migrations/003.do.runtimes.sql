-- Exercises accept several runtimes (issue 5): a submission records the one it was written for,
-- and an exercise's starter files are kept per runtime.
ALTER TABLE submissions ADD COLUMN runtime text NOT NULL DEFAULT 'node';
ALTER TABLE submissions ALTER COLUMN runtime DROP DEFAULT;

-- Exercise versions stored before runtimes existed were all node-only, with the manifest fields
-- runtime/entry/files; rewrite them in the new shape so old submissions can still be regraded.
UPDATE exercises SET
  manifest = (manifest - 'runtime' - 'entry' - 'files')
             || jsonb_build_object('runtimes', jsonb_build_array(manifest->'runtime')),
  starter_files = jsonb_build_object(manifest->>'runtime', starter_files)
WHERE manifest ? 'runtime';
