from sharecheck.cli import main

main()
