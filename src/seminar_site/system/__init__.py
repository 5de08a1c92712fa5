"""Mechanisms that know nothing of sites: process workers, atomic writes, file stamps."""
