#!/bin/sh
# npm run lint: formatting, the architecture's import rules and no import circle.
# Prettier and ESLint each keep one core busy, so they run side by side (about 35 s instead of 55 on 2
# cores); the lint fails if either does. Prettier's cache (node_modules/.cache) skips unchanged files on a
# second run; ESLint has none, since its type-aware rules depend on other files than the one they check.
prettier --check . --log-level warn --cache &
format=$!
eslint .
code=$?
wait "$format"
format=$?
tsx scripts/check-cycles.ts
cycles=$?
[ "$format" -eq 0 ] && [ "$code" -eq 0 ] && [ "$cycles" -eq 0 ]
