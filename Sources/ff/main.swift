import FFCLI

FFMain.run()
