package liop.node.jdbc;

import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The JDBC drivers of the framework: every bundle that registers an OSGi JDBC
 * {@link DataSourceFactory} (the H2 and PostgreSQL driver bundles do on their own), picked by the URL
 * its driver accepts. A driver dropped into {@code deploy/} is usable at once, no restart.
 *
 * <p>Drivers start beside the node, so a lookup that finds none for its URL waits a little for one
 * to arrive before it gives up.
 */
@Component(service = JdbcDrivers.class)
public final class JdbcDrivers {

    /** How long a lookup waits for a driver still starting, in a framework. */
    static final Duration DRIVER_WAIT = Duration.ofSeconds(10);
    /** How long connecting to a database may take. */
    static final int LOGIN_TIMEOUT_SECONDS = 10;

    private record Registered(DataSourceFactory factory, String driverClass) {}

    private final List<Registered> drivers = new ArrayList<>();
    private final Duration driverWait;

    /** In a framework: drivers come and go as services. */
    public JdbcDrivers() {
        this(DRIVER_WAIT);
    }

    JdbcDrivers(Duration driverWait) {
        this.driverWait = driverWait;
    }

    /** Outside a framework (tests, tools): exactly these drivers, no waiting for others. */
    public static JdbcDrivers of(DataSourceFactory... factories) {
        JdbcDrivers drivers = new JdbcDrivers(Duration.ZERO);
        for (DataSourceFactory factory : factories) {
            String driverClass;
            try {
                driverClass = factory.createDriver(new Properties()).getClass().getName();
            } catch (SQLException e) {
                throw new IllegalArgumentException("the data source factory " + factory + " cannot make a driver", e);
            }
            drivers.addDriver(factory, Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, driverClass));
        }
        return drivers;
    }

    @Reference(name = "driver", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeDriver")
    synchronized void addDriver(DataSourceFactory factory, Map<String, Object> properties) {
        drivers.add(new Registered(factory, String.valueOf(properties.getOrDefault(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "?"))));
        notifyAll();
    }

    synchronized void removeDriver(DataSourceFactory factory) {
        drivers.removeIf(d -> d.factory() == factory);
    }

    /**
     * A data source for {@code target}, made by the first driver that accepts its URL.
     *
     * @throws SQLException when no installed driver accepts the URL (the message lists the drivers
     *     there are), or the driver refuses the settings; never naming the password
     */
    public DataSource dataSource(JdbcTarget target) throws SQLException {
        DataSourceFactory factory = driverFor(target.url())
                .orElseThrow(() -> new SQLException("no JDBC driver accepts " + JdbcTarget.redact(target.url()) + "; the drivers installed are "
                        + installed() + ". Check the URL, or drop the driver's bundle into deploy/ (it must register an OSGi "
                        + "org.osgi.service.jdbc.DataSourceFactory)", "08001"));
        Properties settings = new Properties();
        settings.setProperty(DataSourceFactory.JDBC_URL, target.url());
        if (!target.user().isEmpty()) {
            settings.setProperty(DataSourceFactory.JDBC_USER, target.user());
        }
        if (!target.password().isEmpty()) {
            settings.setProperty(DataSourceFactory.JDBC_PASSWORD, target.password());
        }
        DataSource dataSource = factory.createDataSource(settings);
        dataSource.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        return dataSource;
    }

    private synchronized Optional<DataSourceFactory> driverFor(String url) {
        long deadline = System.nanoTime() + driverWait.toNanos();
        while (true) {
            for (Registered registered : drivers) {
                if (accepts(registered.factory(), url)) {
                    return Optional.of(registered.factory());
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static boolean accepts(DataSourceFactory factory, String url) {
        try {
            Driver driver = factory.createDriver(new Properties());
            return driver.acceptsURL(url);
        } catch (SQLException e) {
            return false;
        }
    }

    private synchronized String installed() {
        return drivers.isEmpty() ? "none" : String.join(", ", drivers.stream().map(Registered::driverClass).toList());
    }
}
