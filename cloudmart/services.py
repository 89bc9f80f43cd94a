"""The per-app service container (kept in app.extensions["cloudmart"]), built in one phase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cloudmart.auth import TokenService
from cloudmart.aws import dynamodb_client
from cloudmart.chat.answers import Answers
from cloudmart.chat.providers import ProviderFactory
from cloudmart.chat.service import ChatService
from cloudmart.config import Settings
from cloudmart.customers.service import CustomerService
from cloudmart.limits import Limits, Rate
from cloudmart.models import utc_now
from cloudmart.orders.service import OrderService
from cloudmart.products.service import ProductService
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.repositories.conversations import ConversationRepository
from cloudmart.repositories.customers import CustomerRepository
from cloudmart.repositories.limits import LimitRepository
from cloudmart.repositories.orders import OrderRepository
from cloudmart.repositories.products import ProductRepository
from cloudmart.repositories.tickets import TicketRepository
from cloudmart.retail.store import RetailStore
from cloudmart.support.acting import StaffActions
from cloudmart.support.inbox import InboxService
from cloudmart.support.live import LiveEvents
from cloudmart.support.service import TicketService
from cloudmart.support.stats import SupportStats
from cloudmart.tools import TOOLS
from cloudmart.tools.toolkit import Toolkit

EXTENSION = "cloudmart"


@dataclass(frozen=True)
class Services:
    """Everything the views, the CLI and the Lambda handler use; clients are built lazily."""

    settings: Settings
    dynamodb: Any
    clock: Callable[[], datetime]
    tokens: TokenService
    orders: OrderService
    products: ProductService
    customers: CustomerService
    retail: RetailStore
    tickets: TicketService
    toolkit: Toolkit
    chat: ChatService
    inbox: InboxService
    staff_actions: StaffActions
    live: LiveEvents
    stats: SupportStats


def build_services(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now, dynamodb: Any = None
) -> Services:
    """The one place the app's objects are wired: one client, one clock, one toolkit."""
    client = dynamodb if dynamodb is not None else dynamodb_client(settings)
    limits = build_limits(client, settings, clock)
    product_repo = ProductRepository(client, settings.table_name("products"))
    customer_repo = CustomerRepository(client, settings.table_name("customers"))
    order_repo = OrderRepository(
        client, settings.table_name("orders"), product_repo.table, customer_repo
    )
    products = ProductService(product_repo, clock=clock)
    customers = CustomerService(customer_repo)
    orders = OrderService(
        order_repo,
        product_repo,
        customer_repo,
        clock=clock,
        return_window_days=settings.return_window_days,
        limits=limits,
    )
    conversations = ConversationRepository(
        client, settings.table_name("conversations"), settings.table_name("messages")
    )
    tickets = TicketService(
        TicketRepository(client, settings.table_name("tickets"), settings.table_name("limits")),
        conversations,
        orders,
        customers,
        clock,
        limits,
    )
    toolkit = Toolkit(
        TOOLS,
        orders=orders,
        products=products,
        customers=customers,
        tickets=tickets,
        actions=AgentActionRepository(client, settings.table_name("agent-actions")),
        confirm_actions=settings.confirm_actions,
        pending_action_ttl_seconds=settings.pending_action_ttl_seconds,
        clock=clock,
    )
    providers = ProviderFactory(settings)
    answers = Answers(
        conversations,
        toolkit,
        providers,
        max_tool_rounds=settings.max_tool_rounds,
        turn_timeout=settings.turn_timeout_seconds,
        max_output_tokens=settings.max_output_tokens,
        limits=limits,
        clock=clock,
        tickets=tickets,
    )
    chat = ChatService(
        conversations,
        toolkit,
        providers,
        answers,
        limits=limits,
        clock=clock,
        tickets=tickets,
        customers=customers,
    )
    ticket_repo = tickets.tickets
    inbox = InboxService(ticket_repo, conversations, toolkit.actions, orders, customers, clock)
    live = LiveEvents(
        conversations,
        ticket_repo,
        clock,
        poll_seconds=settings.event_poll_seconds,
        stream_seconds=settings.event_stream_seconds,
    )
    return Services(
        settings=settings,
        dynamodb=client,
        clock=clock,
        tokens=TokenService(settings),
        orders=orders,
        products=products,
        customers=customers,
        retail=RetailStore(customer_repo, order_repo, product_repo, clock),
        tickets=tickets,
        toolkit=toolkit,
        chat=chat,
        inbox=inbox,
        staff_actions=StaffActions(inbox, toolkit, clock),
        live=live,
        stats=SupportStats(ticket_repo, clock),
    )


def build_limits(client: Any, settings: Settings, clock: Callable[[], datetime]) -> Limits:
    rates = {
        "messages": Rate("messages a minute", settings.limit_messages_per_minute, 60),
        "conversations": Rate(
            "new conversations an hour", settings.limit_conversations_per_hour, 3600
        ),
        "orders": Rate("orders an hour", settings.limit_orders_per_hour, 3600),
        "tickets": Rate("hand-offs an hour", settings.limit_tickets_per_hour, 3600),
    }
    return Limits(
        LimitRepository(client, settings.table_name("limits")),
        rates,
        tokens_per_customer=settings.token_budget_per_customer,
        tokens_for_shop=settings.token_budget_for_shop,
        enabled=settings.rate_limits,
        clock=clock,
    )
