import KBCommandLine

// The whole command line lives in the KBCommandLine library, where the tests can drive it.
KBMain.main()
