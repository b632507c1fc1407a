print("werk: command-line tool (in progress)")
