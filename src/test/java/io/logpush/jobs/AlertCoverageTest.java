package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.logpush.cloudflare.AlertingApi.Policy;
import io.logpush.model.LogpushException;
import org.junit.jupiter.api.Test;

class AlertCoverageTest {
    static final String TYPE = "failing_logpush_job_disabled_alert";

    static Policy policy(String id, String name, boolean enabled, Map<String, List<String>> mechanisms) {
        return new Policy(id, name, enabled, TYPE, mechanisms);
    }

    @Test
    void coveredWhenEveryAskedMechanismIsInSomeEnabledPolicy() {
        List<Policy> policies = List.of(policy("1", "mail", true, Map.of("email", List.of("SOC@example.com"))),
                policy("2", "hook", true, Map.of("webhooks", List.of("w1"))));
        AlertCoverage.Plan plan = AlertCoverage.plan(policies,
                Map.of("email", List.of("soc@example.com"), "webhooks", List.of("w1")));
        assertThat(plan.covered()).isTrue();
        assertThat(plan.policy()).isNull();
    }

    @Test
    void aDisabledPolicyCoversNothing() {
        List<Policy> policies = List.of(policy("1", "mail", false, Map.of("email", List.of("soc@example.com"))));
        AlertCoverage.Plan plan = AlertCoverage.plan(policies, Map.of("email", List.of("soc@example.com")));
        assertThat(plan.covered()).isFalse();
        assertThat(plan.policy()).isNull();
        assertThat(plan.mechanisms()).isEqualTo(Map.of("email", List.of("soc@example.com")));
    }

    @Test
    void itsOwnPolicyIsExtendedWithTheUnionInOrder() {
        Policy own = policy("9", AlertCoverage.POLICY_NAME, false,
                Map.of("email", List.of("a@example.com"), "pagerduty", List.of("pd")));
        AlertCoverage.Plan plan = AlertCoverage.plan(List.of(own),
                Map.of("email", List.of("A@example.com", "b@example.com"), "webhooks", List.of("w1")));
        assertThat(plan.covered()).isFalse();
        assertThat(plan.policy()).isEqualTo(own);
        assertThat(plan.mechanisms()).containsEntry("email", List.of("a@example.com", "b@example.com"))
                .containsEntry("pagerduty", List.of("pd")).containsEntry("webhooks", List.of("w1"));
    }

    @Test
    void anotherPolicysNameIsNotTaken() {
        Policy other = policy("3", "ops", true, Map.of("email", List.of("x@example.com")));
        AlertCoverage.Plan plan = AlertCoverage.plan(List.of(other), Map.of("email", List.of("y@example.com")));
        assertThat(plan.policy()).isNull();
        assertThat(plan.mechanisms()).isEqualTo(Map.of("email", List.of("y@example.com")));
    }

    @Test
    void checksLineByPoliciesAndAvailability() {
        String acct = "01a7362d577a6c3019a474fd6f485823";
        Policy on = policy("1", "ops", true, Map.of("email", List.of("soc@example.com")));
        Policy off = policy("2", "old", false, Map.of("email", List.of("soc@example.com")));
        assertThat(AlertCoverage.judge(acct, List.of(off, on), false).status()).isEqualTo(Check.Status.OK);
        Check none = AlertCoverage.judge(acct, List.of(off), true);
        assertThat(none.status()).isEqualTo(Check.Status.WARNING);
        assertThat(none.fix()).isEqualTo("logpush alerts ensure --account " + acct + " --email …");
        assertThat(AlertCoverage.judge(acct, List.of(), false).status()).isEqualTo(Check.Status.INFO);
        Check refused = AlertCoverage.unreadable(acct, new LogpushException(LogpushException.Kind.AUTH, "HTTP 403",
                null));
        assertThat(refused.status()).isEqualTo(Check.Status.WARNING);
        assertThat(refused.message()).contains("Notifications Read");
        assertThat(refused.id()).isEqualTo(CheckId.ALERT);
    }
}
