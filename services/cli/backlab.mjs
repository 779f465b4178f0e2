#!/usr/bin/env node
// The `backlab` command: runs the TypeScript client through tsx's loader, from any folder.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
