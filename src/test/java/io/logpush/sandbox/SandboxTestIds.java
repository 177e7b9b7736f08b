package io.logpush.sandbox;

/** The sandbox's zone IDs, for tests in other packages. */
public final class SandboxTestIds {
    private SandboxTestIds() {
    }

    public static String id(String zoneName) {
        return SandboxState.id(zoneName);
    }
}
