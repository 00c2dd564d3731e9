#!/usr/bin/env node
import { exitWhenFlushed } from './cli/io.js'
import { main } from './cli/main.js'

exitWhenFlushed(await main(process.argv.slice(2)))
