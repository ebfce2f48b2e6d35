//! The second bundled sample (samples/osaajat): a 2021–27 association project, to the cent.
