#!/usr/bin/env node
// Committed, so installing the workspace can link the bin before dist/ is built.
import { run } from "../dist/bin.js"

run(process.argv.slice(2))
