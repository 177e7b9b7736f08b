package io.logpush.cli;

import java.nio.file.Path;

import io.logpush.model.Validate;
import io.logpush.sekoia.Catalog;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a job sends: the intake key, and the region or intake URL. */
public final class IntakeOptions {
    /** The key, from the command line or a file: one of the two. */
    static final class Key {
        @Option(names = "--intake-key", paramLabel = "KEY",
                description = "The Sekoia intake key. --intake-key-file or SEKOIA_INTAKE_KEY keep it out of shell "
                        + "history.")
        String value;

        @Option(names = "--intake-key-file", paramLabel = "FILE",
                description = "Read the intake key from FILE ('-' for standard input); whitespace around it is "
                        + "trimmed.")
        Path file;
    }

    /** The intake: a Sekoia region, or a URL. */
    static final class Place {
        @Option(names = "--region", paramLabel = "REGION", completionCandidates = Candidates.RegionNames.class,
                description = "Sekoia region: ${COMPLETION-CANDIDATES}. Env: SEKOIA_REGION. Default for create: fra1.")
        String region;

        @Option(names = "--intake-url", paramLabel = "URL",
                description = "Intake base URL for anything the regions do not cover (https:// only); "
                        + "/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=... is appended.")
        String intakeUrl;
    }

    @ArgGroup(exclusive = true)
    Key key;

    @ArgGroup(exclusive = true)
    Place place;

    /**
     * The intake key from --intake-key, --intake-key-file or (when {@code fromEnv}) SEKOIA_INTAKE_KEY;
     * null when none is given. Checked, registered with the redactor.
     */
    String key(Context ctx, boolean fromEnv) {
        String k;
        if (key != null && key.value != null) {
            k = key.value;
        } else if (key != null && key.file != null) {
            k = Inputs.secret(ctx, key.file, "--intake-key-file");
        } else if (fromEnv && ctx.env("SEKOIA_INTAKE_KEY") != null) {
            k = ctx.env("SEKOIA_INTAKE_KEY").trim();
        } else {
            return null;
        }
        ctx.redactor().add(k);
        if (!Validate.intakeKey(k)) {
            ctx.warn("the intake key is not 32 letters and digits, the usual shape of a Sekoia intake key; "
                    + "check that it was copied whole");
        }
        return k;
    }

    /** The intake base from --intake-url or --region (or SEKOIA_REGION when {@code fromEnv}); null if none. */
    String base(Context ctx, boolean fromEnv) {
        String url = place == null ? null : place.intakeUrl;
        if (url != null) {
            Validate.intakeUrl(url, "--intake-url");
        }
        String region = place != null && place.region != null ? place.region
                : fromEnv && url == null ? ctx.env("SEKOIA_REGION") : null;
        return Catalog.get().intakeBase(region, url);
    }
}
