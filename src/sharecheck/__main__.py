from sharecheck.cli.main import main

main()
