package io.asyncbolt.spring.boot.test.examples.handlers;

import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;

/** Orders from the {@link OrderBook} service. */
@BoltHandler
public class OrdersHandler {

    private final OrderBook orders;

    public OrdersHandler(OrderBook orders) {
        this.orders = orders;
    }

    @BoltQuery(value = "MATCH (o:Order) RETURN count(o) AS n", columns = "n")
    public long count() {
        return orders.count();
    }
}
