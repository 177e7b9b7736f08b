package io.logpush.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.AlertsView;
import io.logpush.cli.render.DryRun;
import io.logpush.cli.render.Json;
import io.logpush.cloudflare.AlertingApi;
import io.logpush.cloudflare.AlertingApi.Policy;
import io.logpush.cloudflare.AlertingApi.Webhook;
import io.logpush.http.ApiRequest;
import io.logpush.jobs.AlertCoverage;
import io.logpush.model.LogpushException;
import io.logpush.model.Validate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "alerts", mixinStandardHelpOptions = true,
        header = "List or set up Cloudflare's notification when it disables a failing Logpush job.",
        description = {
            "%nCloudflare's only Logpush notification, " + AlertingApi.ALERT_TYPE + ", fires after Cloudflare "
                + "disabled a job, that is after about 24 hours of failed uploads: the logs of that day are lost by "
                + "then. It cannot warn earlier; 'logpush check' judges the jobs between runs.",
            "%n  list    (the default) the account's policies of that alert: name, enabled, who is notified "
                + "(token permission Notifications Read)",
            "  ensure  make sure every --email and --webhook given is notified by an enabled policy: nothing is "
                + "sent when one already is; else the policy '" + AlertCoverage.POLICY_NAME + "' is updated "
                + "(PUT, its mechanisms and these, enabled) or created (POST) (Notifications Write)",
            "%nA webhook is an existing webhook destination of the account (Notifications > Destinations), by name "
                + "or id; its URL is never printed in full (a query may carry a secret).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush alerts --account 01a7362d577a6c3019a474fd6f485823",
            "  logpush alerts ensure --account 01a7362d577a6c3019a474fd6f485823 --email soc@example.com",
            "  logpush alerts ensure -a 01a7362d577a6c3019a474fd6f485823 --webhook sekoia-hook --dry-run",
        })
final class AlertsCommand extends OutputCommand {
    /** What the command does. */
    enum Action { list, ensure }

    @Parameters(paramLabel = "ACTION", arity = "0..1", defaultValue = "list",
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Action action = Action.list;

    @Option(names = {"-a", "--account"}, paramLabel = "ID",
            description = "Account ID (32 hex). Env: CLOUDFLARE_ACCOUNT_ID.")
    String account;

    @Option(names = "--email", paramLabel = "ADDR", description = "ensure: notify this address (repeatable).")
    List<String> emails = new ArrayList<>();

    @Option(names = "--webhook", paramLabel = "NAME_OR_ID",
            description = "ensure: notify this existing webhook destination, by name or id (repeatable).")
    List<String> webhooks = new ArrayList<>();

    @Mixin
    WriteOptions write;

    @Mixin
    ApiOptions api;

    @Override
    public Integer call() {
        String accountId = accountId();
        if (action == Action.list && (!emails.isEmpty() || !webhooks.isEmpty() || write.dryRun)) {
            throw LogpushException.usage("--email, --webhook and --dry-run go with 'alerts ensure'",
                    "logpush alerts ensure --account " + accountId + " --email ADDR");
        }
        if (action == Action.ensure && emails.isEmpty() && webhooks.isEmpty()) {
            throw LogpushException.usage("'alerts ensure' needs at least one --email ADDR or --webhook NAME_OR_ID",
                    "logpush alerts ensure --account " + accountId + " --email soc@example.com");
        }
        for (String e : emails) {
            if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw LogpushException.usage("invalid e-mail address '" + e + "' (from --email)",
                        "give an address such as soc@example.com");
            }
        }
        try (Session session = Session.open(ctx(), api)) {
            AlertingApi alerting = session.alerting();
            return action == Action.list ? list(alerting, accountId) : ensure(session, alerting, accountId);
        }
    }

    private String accountId() {
        if (account != null) {
            return Validate.account(account, "--account");
        }
        String env = ctx().env("CLOUDFLARE_ACCOUNT_ID");
        if (env == null) {
            throw LogpushException.usage("no account given: --account is required",
                    "pass --account ID or set CLOUDFLARE_ACCOUNT_ID (the ID is on the account's Overview page)");
        }
        return Validate.account(env, "CLOUDFLARE_ACCOUNT_ID");
    }

    private int list(AlertingApi alerting, String accountId) {
        List<Policy> policies = alerting.policies(accountId);
        Map<String, Webhook> byId = new LinkedHashMap<>();
        if (policies.stream().anyMatch(p -> !p.mechanisms().getOrDefault(AlertCoverage.WEBHOOKS, List.of()).isEmpty())) {
            try {
                readWebhooks(alerting, accountId).forEach(w -> byId.put(w.id(), w));
            } catch (LogpushException e) {
                ctx().note("logpush: webhook names not shown: " + e.getMessage());
            }
        }
        if (output.json()) {
            AlertsView.printJson(out(), policies, byId);
        } else if (policies.isEmpty()) {
            out().println("no notification policy of " + AlertingApi.ALERT_TYPE + " in account " + accountId);
            ctx().note("hint: logpush alerts ensure --account " + accountId + " --email ADDR");
        } else {
            print(AlertsView.table(policies, byId));
        }
        return 0;
    }

    private int ensure(Session session, AlertingApi alerting, String accountId) {
        Map<String, List<String>> asked = new LinkedHashMap<>();
        if (!emails.isEmpty()) {
            asked.put(AlertCoverage.EMAIL, emails.stream().distinct().toList());
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (!webhooks.isEmpty()) {
            List<Webhook> known = readWebhooks(alerting, accountId);
            known.forEach(w -> names.put(w.id(), w.name()));
            List<String> ids = new ArrayList<>();
            for (String w : webhooks) {
                ids.add(webhook(known, w, accountId).id());
            }
            asked.put(AlertCoverage.WEBHOOKS, ids.stream().distinct().toList());
        }
        List<Policy> policies = alerting.policies(accountId);
        AlertCoverage.Plan plan = AlertCoverage.plan(policies, asked);
        if (plan.covered()) {
            if (output.json()) {
                Json.print(out(), Json.object().put("action", "none"));
            } else {
                out().println("already notified by an enabled policy of " + AlertingApi.ALERT_TYPE + ": "
                        + AlertCoverage.describe(asked, names) + " (nothing sent)");
            }
            return 0;
        }
        ApiRequest request = plan.policy() == null
                ? AlertingApi.createRequest(accountId, AlertCoverage.POLICY_NAME, AlertCoverage.DESCRIPTION,
                        plan.mechanisms())
                : AlertingApi.updateRequest(accountId, plan.policy().id(), AlertCoverage.POLICY_NAME,
                        AlertCoverage.DESCRIPTION, plan.mechanisms());
        if (write.dryRun) {
            DryRun.print(out(), output.json(), request, ctx().redactor().redact(alerting.url(request)),
                    session.api().credentials().curlHeaders(), false);
            ctx().note("(dry run: nothing was sent)");
            return 0;
        }
        String id = alerting.write(request);
        String verb = plan.policy() == null ? "created" : "updated";
        if (output.json()) {
            ObjectNode o = Json.object().put("action", verb).put("id", plan.policy() == null ? id
                    : plan.policy().id()).put("name", AlertCoverage.POLICY_NAME);
            o.set("mechanisms", request.body().get("mechanisms"));
            Json.print(out(), o);
        } else {
            out().println((plan.policy() == null ? "Created" : "Updated") + " notification policy '"
                    + AlertCoverage.POLICY_NAME + "': Cloudflare notifies "
                    + AlertCoverage.describe(plan.mechanisms(), names)
                    + " when it disables a failing Logpush job");
        }
        return 0;
    }

    /** The account's webhook destinations; their URLs' queries join the redactor (never printed, -v included). */
    private List<Webhook> readWebhooks(AlertingApi alerting, String accountId) {
        List<Webhook> known = alerting.webhooks(accountId);
        for (Webhook w : known) {
            int q = w.url().indexOf('?');
            if (q >= 0 && q + 1 < w.url().length()) {
                ctx().redactor().add(w.url().substring(q + 1));
            }
        }
        return known;
    }

    /** A webhook destination by id, else by name (exact, then ignoring case); unknown: exit 2 before any write. */
    private static Webhook webhook(List<Webhook> known, String given, String accountId) {
        Optional<Webhook> w = known.stream().filter(k -> k.id().equals(given)).findFirst()
                .or(() -> known.stream().filter(k -> k.name().equals(given)).findFirst())
                .or(() -> known.stream().filter(k -> k.name().equalsIgnoreCase(given)).findFirst());
        return w.orElseThrow(() -> LogpushException.usage("no webhook destination '" + given + "' in account "
                + accountId, known.isEmpty() ? "the account has none: add one under Notifications > Destinations"
                : "known: " + String.join(", ", known.stream().map(Webhook::name).toList())));
    }
}
