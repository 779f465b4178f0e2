UPDATE exercises SET
  manifest = (manifest - 'runtimes' - 'services' - 'secrets')
             || jsonb_build_object('runtime', manifest->'runtimes'->0),
  starter_files = starter_files->(manifest->'runtimes'->>0)
WHERE manifest ? 'runtimes';
ALTER TABLE submissions DROP COLUMN runtime;
