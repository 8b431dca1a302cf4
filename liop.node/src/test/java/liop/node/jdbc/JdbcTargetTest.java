package liop.node.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcTargetTest {

    @Test
    void neverShowsAPasswordWhereverTheUrlCarriesIt() {
        assertThat(JdbcTarget.redact("jdbc:postgresql://db:5432/liop?user=liop&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/liop?user=liop&password=***&ssl=true");
        assertThat(JdbcTarget.redact("jdbc:postgresql://db/liop?PASSWORD=s3cret")).isEqualTo("jdbc:postgresql://db/liop?PASSWORD=***");
        assertThat(JdbcTarget.redact("jdbc:h2:/srv/visits;USER=sa;PASSWORD=s3cret;IFEXISTS=TRUE")).isEqualTo("jdbc:h2:/srv/visits;USER=sa;PASSWORD=***;IFEXISTS=TRUE");
        assertThat(JdbcTarget.redact("jdbc:mysql://root:s3cret@db:3306/x")).isEqualTo("jdbc:mysql://root:***@db:3306/x");
        assertThat(JdbcTarget.redact("jdbc:h2:mem:plain")).isEqualTo("jdbc:h2:mem:plain");
    }

    @Test
    void describesUrlAndUserButNotThePassword() {
        JdbcTarget target = new JdbcTarget(" jdbc:postgresql://db:5432/liop ", "liop", "s3cret");

        assertThat(target.describe()).isEqualTo("jdbc:postgresql://db:5432/liop (user liop)");
        assertThat(target.toString()).doesNotContain("s3cret");
    }

    @Test
    void scrubsThePasswordOutOfMessagesThatEchoIt() {
        JdbcTarget target = new JdbcTarget("jdbc:postgresql://db/liop?password=fromUrl1", "liop", "fromSetting2");

        assertThat(target.scrub("bad value fromUrl1 or fromSetting2 in jdbc:postgresql://db/liop?password=fromUrl1; more"))
                .isEqualTo("bad value *** or *** in jdbc:postgresql://db/liop?password=***; more");
    }

    @Test
    void saysWhatIsWrongWithAUrlBeforeConnecting() {
        assertThatThrownBy(() -> new JdbcTarget("", "", "").validated("jdbc.url")).hasMessageStartingWith("jdbc.url is not set");
        assertThatThrownBy(() -> new JdbcTarget("postgresql://db/x?password=s3cret", "", "").validated("budget.jdbc.url"))
                .hasMessageContaining("budget.jdbc.url = postgresql://db/x?password=*** is not a JDBC URL")
                .hasMessageNotContaining("s3cret");
    }
}
