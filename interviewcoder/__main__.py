from interviewcoder.cli import main

raise SystemExit(main())
