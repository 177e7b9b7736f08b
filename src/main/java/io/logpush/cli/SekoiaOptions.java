package io.logpush.cli;

import java.nio.file.Path;

import io.logpush.model.LogpushException;
import picocli.CommandLine.Option;

/** The Sekoia API key and URL, for the commands that read (or write) the Sekoia side. */
public final class SekoiaOptions {
    @Option(names = "--sekoia-api-key-file", paramLabel = "FILE",
            description = "Read the Sekoia API key from FILE ('-' for standard input). Otherwise: SEKOIA_API_KEY. "
                    + "Without a key the Sekoia side is not checked.")
    Path apiKeyFile;

    @Option(names = "--sekoia-api-url", paramLabel = "URL",
            description = "Sekoia API base URL. Env: SEKOIA_API_URL. Default: the region's API, that is "
                    + "https://api.sekoia.io for fra1 and https://app.REGION.sekoia.io/api for the others.")
    String apiUrl;

    private String key;
    private boolean read;

    /** The key from --sekoia-api-key-file or SEKOIA_API_KEY (read once, registered with the redactor), or null. */
    String apiKey(Context ctx) {
        if (!read) {
            key = readKey(ctx);
            read = true;
        }
        return key;
    }

    private String readKey(Context ctx) {
        String key = apiKeyFile != null ? Inputs.secret(ctx, apiKeyFile, "--sekoia-api-key-file")
                : ctx.env("SEKOIA_API_KEY") != null ? ctx.env("SEKOIA_API_KEY").trim() : null;
        if (key != null && key.isEmpty()) {
            throw LogpushException.usage((apiKeyFile != null ? "--sekoia-api-key-file " + apiKeyFile
                    : "SEKOIA_API_KEY") + " is empty", "make a key under Settings > Workspace > API Keys in Sekoia");
        }
        ctx.redactor().add(key);
        return key;
    }

    String apiUrl(Context ctx) {
        String url = apiUrl != null ? apiUrl : ctx.env("SEKOIA_API_URL");
        return url == null ? null : url.trim();
    }
}
