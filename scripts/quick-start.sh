#!/usr/bin/env bash
# The quick start: builds the sample (tests skipped) and runs it on embedded defaults: an in-process DTM server
# and an in-memory H2 business database. Arguments go to the application, e.g.
#   scripts/quick-start.sh --dtm.server-url=http://localhost:36789/api/dtmsvr     (any DTM server, the official too)
#   scripts/quick-start.sh --spring.datasource.url='jdbc:mariadb://127.0.0.1:3306/test?user=root&password='
exec "$(dirname "$0")/sample.sh" quick-start "$@"
