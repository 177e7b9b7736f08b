package io.logpush.cli;

import java.util.Iterator;

import io.logpush.sekoia.Catalog;

/** Completion candidates that picocli reads from the catalog, lazily: only when completion or help asks. */
final class Candidates {
    private Candidates() {
    }

    /** The datasets Sekoia reads, for --dataset. */
    static final class DatasetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Catalog.get().datasets().stream().map(Catalog.Dataset::name).iterator();
        }
    }

    /** The Sekoia regions, for --region. */
    static final class RegionNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Catalog.get().regions().stream().map(Catalog.Region::name).iterator();
        }
    }
}
