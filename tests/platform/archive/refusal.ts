import { ArchiveRejected, readArchive, type ArchiveLimits } from '../../../services/platform/archive/read-archive.js'

/** The rejection readArchive gives for `bytes`; fails the test if it accepts them or throws anything else. */
export async function refusal (bytes: Buffer, limits?: Partial<ArchiveLimits>): Promise<ArchiveRejected> {
  try {
    await readArchive(bytes, limits)
  } catch (err) {
    if (err instanceof ArchiveRejected) return err
    throw err
  }
  throw new Error('the archive was accepted')
}
