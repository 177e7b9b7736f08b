package io.logpush.cli;

import java.io.PrintWriter;

import io.logpush.cli.render.DryRun;
import io.logpush.http.ApiRequest;
import io.logpush.http.RateLimiter;
import io.logpush.jobs.IntakeKeyCheck;
import io.logpush.jobs.IntakePlan;
import io.logpush.model.LogpushException;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;
import io.logpush.sekoia.SekoiaClient;
import picocli.CommandLine.Option;

/**
 * The Sekoia side of a job write (create, update): --create-intake (the intake is found or made through Sekoia's
 * API, its key never shown), and with a Sekoia API key the check that a given intake key is an intake of the
 * dataset's format ({@link IntakeKeyCheck}).
 */
public final class NewIntakeOptions {
    /** The key a planned intake stands for in a dry run, before Sekoia makes the real one. */
    static final String NEW_INTAKE_KEY = "NEW-INTAKE-KEY";

    @Option(names = "--create-intake",
            description = "Use a Sekoia intake made for this job instead of an intake key: the intake named "
                    + "--intake-name with the dataset's format if there is one, else a new one in --entity. Needs a "
                    + "Sekoia API key that may manage intakes; the key is used in memory, never shown.")
    boolean createIntake;

    @Option(names = "--intake-name", paramLabel = "NAME",
            description = "With --create-intake: the intake's name. Default: the Sekoia format and the zone or "
                    + "account, e.g. 'Cloudflare WAF events (example.com)'.")
    String intakeName;

    @Option(names = "--entity", paramLabel = "ENTITY",
            description = "With --create-intake: the Sekoia entity (name or uuid) of a new intake; required when the "
                    + "community has several.")
    String entity;

    /** Usage errors before any request: --create-intake with a key, --intake-name or --entity without it. */
    void validate(boolean keyGiven) {
        if (createIntake && keyGiven) {
            throw LogpushException.usage("give an intake key or --create-intake, not both", null);
        }
        if (!createIntake && (intakeName != null || entity != null)) {
            throw LogpushException.usage("--intake-name and --entity go with --create-intake", null);
        }
    }

    /**
     * Sekoia's API in the region of the intake base {@code base} (null: SEKOIA_REGION or the default), or null
     * without a Sekoia API key; --create-intake requires one.
     */
    SekoiaApi open(Context ctx, ApiOptions api, SekoiaOptions sekoia, String base) {
        return open(ctx, api, sekoia, base, Session.sekoiaLimiter());
    }

    /** As {@link #open(Context, ApiOptions, SekoiaOptions, String)}, with a given limiter (--wait stops it). */
    SekoiaApi open(Context ctx, ApiOptions api, SekoiaOptions sekoia, String base, RateLimiter limiter) {
        SekoiaApi opened = Session.openSekoia(ctx, api, sekoia, regionOf(base), limiter);
        if (opened == null && createIntake) {
            throw LogpushException.usage("--create-intake needs a Sekoia API key that may manage intakes",
                    "set SEKOIA_API_KEY (or --sekoia-api-key-file FILE); make a key under Settings > Workspace > "
                            + "API Keys with the permissions View intakes and Manage intakes");
        }
        return opened;
    }

    /** The Sekoia region of an intake base or destination (null: SEKOIA_REGION or the default). */
    static String regionOf(String base) {
        return base == null ? null : Catalog.get().regionOf(base).map(Catalog.Region::name).orElse(null);
    }

    /** The intake --create-intake will use for {@code dataset}: found by name and format (its key registered), or planned. */
    IntakePlan plan(Context ctx, SekoiaApi sekoia, String dataset, String scopeLabel) {
        IntakePlan plan = IntakePlan.plan(sekoia, dataset, intakeName != null ? intakeName
                : IntakePlan.defaultName(Catalog.get().dataset(dataset).orElseThrow(), scopeLabel), entity);
        if (plan.existing() != null) {
            ctx.redactor().add(plan.existing().intakeKey());
            ctx.note("note: using the existing Sekoia intake '" + plan.name() + "'");
        }
        return plan;
    }

    /** Makes the planned intake; its key, registered with the redactor. */
    static String make(Context ctx, SekoiaApi sekoia, IntakePlan plan) {
        Intake made = sekoia.createIntake(plan.create());
        ctx.redactor().add(made.intakeKey());
        ctx.note("note: created the Sekoia intake '" + made.name() + "' (" + made.uuid() + ")");
        return made.intakeKey();
    }

    /**
     * With a Sekoia API key, before a write with a given intake key: refuses a key of no intake or of an intake of
     * another format than {@code dataset}'s unless {@code force}; warns when Sekoia cannot be asked.
     */
    static void checkKey(Context ctx, SekoiaApi sekoia, String dataset, String intakeKey, boolean force) {
        if (sekoia != null && intakeKey != null) {
            IntakeKeyCheck.check(sekoia, dataset, intakeKey).enforce(force, "--create-intake", ctx::warn);
        }
    }
}
