package liop.node.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;
import org.osgi.service.jdbc.DataSourceFactory;

class JdbcDriversTest {

    private static final JdbcTarget H2 = new JdbcTarget("jdbc:h2:mem:drivers", "sa", "");

    @Test
    void picksTheDriverThatAcceptsTheUrl() throws Exception {
        try (Connection connection = TestDatabases.drivers().dataSource(H2).getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("H2");
        }
    }

    @Test
    void aLookupWaitsForADriverStillStarting() throws Exception {
        JdbcDrivers drivers = new JdbcDrivers(Duration.ofSeconds(10));
        Thread.ofVirtual().start(() -> {
            sleep(200);
            drivers.addDriver(new OsgiDataSourceFactory(Driver.load()), Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver"));
        });

        try (Connection connection = drivers.dataSource(H2).getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void aDriverThatLeftIsNoLongerUsed() {
        JdbcDrivers drivers = new JdbcDrivers(Duration.ofMillis(50));
        DataSourceFactory h2 = new OsgiDataSourceFactory(Driver.load());
        drivers.addDriver(h2, Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver"));
        drivers.removeDriver(h2);

        assertThatThrownBy(() -> drivers.dataSource(H2)).hasMessageContaining("no JDBC driver accepts jdbc:h2:mem:drivers; the drivers installed are none");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
