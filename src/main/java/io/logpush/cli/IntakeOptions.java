package io.logpush.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.logpush.core.LogpushException;
import io.logpush.core.Validate;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import okhttp3.HttpUrl;
import picocli.CommandLine.Option;

/** Where a job sends: the intake key and the region or intake URL. */
public final class IntakeOptions {
    @Option(names = "--intake-key", paramLabel = "KEY",
            description = "The Sekoia intake key. --intake-key-file or SEKOIA_INTAKE_KEY keep it out of shell history.")
    String intakeKey;

    @Option(names = "--intake-key-file", paramLabel = "FILE",
            description = "Read the intake key from FILE ('-' for standard input); whitespace around it is trimmed.")
    Path intakeKeyFile;

    @Option(names = "--region", paramLabel = "REGION", completionCandidates = Catalog.RegionNames.class,
            description = "Sekoia region: ${COMPLETION-CANDIDATES}. Env: SEKOIA_REGION. Default for create: fra1.")
    String region;

    @Option(names = "--intake-url", paramLabel = "URL",
            description = "Intake base URL for anything the regions do not cover (https:// only); "
                    + "/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=... is appended.")
    String intakeUrl;

    /**
     * The intake key from --intake-key, --intake-key-file or (when {@code fromEnv}) SEKOIA_INTAKE_KEY;
     * null when none is given. Checked, registered with the redactor.
     */
    String key(Context ctx, boolean fromEnv) {
        if (intakeKey != null && intakeKeyFile != null) {
            throw LogpushException.usage("give --intake-key or --intake-key-file, not both", null);
        }
        String key;
        if (intakeKey != null) {
            key = intakeKey;
        } else if (intakeKeyFile != null) {
            key = intakeKeyFile.toString().equals("-") ? readStdin(ctx)
                    : ApiOptions.readSecretFile(ctx, intakeKeyFile, "--intake-key-file");
        } else if (fromEnv && ctx.env("SEKOIA_INTAKE_KEY") != null) {
            key = ctx.env("SEKOIA_INTAKE_KEY").trim();
        } else {
            return null;
        }
        ctx.redactor().add(key);
        if (!Validate.intakeKey(key)) {
            ctx.warn("the intake key is not 32 letters and digits, the usual shape of a Sekoia intake key; "
                    + "check that it was copied whole");
        }
        return key;
    }

    private static String readStdin(Context ctx) {
        try {
            return new String(ctx.terminal().in().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw LogpushException.usage("cannot read the intake key from standard input", null);
        }
    }

    /** The intake base from --intake-url or --region (or SEKOIA_REGION when {@code fromEnv}); null if none. */
    String base(Context ctx, boolean fromEnv) {
        if (intakeUrl != null && region != null) {
            throw LogpushException.usage("give --region or --intake-url, not both", null);
        }
        if (intakeUrl != null) {
            HttpUrl url = HttpUrl.parse(intakeUrl.trim());
            if (url == null || !url.scheme().equals("https")) {
                throw LogpushException.usage("invalid --intake-url '" + intakeUrl + "': an https:// URL is required",
                        "Cloudflare delivers only to HTTPS endpoints with a trusted certificate");
            }
            if (url.querySize() > 0) {
                throw LogpushException.usage("--intake-url takes the intake base without a query",
                        "for example https://intake.sekoia.io; the key goes in --intake-key");
            }
            return Destination.stripSlash(intakeUrl.trim());
        }
        String r = region != null ? region : fromEnv ? ctx.env("SEKOIA_REGION") : null;
        if (r == null) {
            return null;
        }
        return Catalog.get().region(r.trim()).orElseThrow(() -> LogpushException.usage(
                "unknown region '" + r + "': expected one of " + String.join(", ",
                        Catalog.get().regions().stream().map(Catalog.Region::name).toList()),
                "the region is in your Sekoia URL, e.g. app.usa1.sekoia.io is usa1; app.sekoia.io is fra1"))
                .intakeBase();
    }
}
