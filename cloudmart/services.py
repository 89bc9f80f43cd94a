"""The per-app service container in app.extensions["cloudmart"], and its accessor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from cloudmart.auth import TokenService
from cloudmart.aws import dynamodb_client
from cloudmart.chat.providers import ProviderFactory
from cloudmart.chat.service import ChatService
from cloudmart.config import Settings
from cloudmart.models import utc_now
from cloudmart.orders.service import OrderService
from cloudmart.products.service import ProductService
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.repositories.conversations import ConversationRepository
from cloudmart.repositories.orders import OrderRepository
from cloudmart.repositories.products import ProductRepository
from cloudmart.repositories.tickets import TicketRepository
from cloudmart.tools import TOOLS

EXTENSION = "cloudmart"


@dataclass
class Services:
    """Everything the views and tools use; built once per app, clients built lazily."""

    settings: Settings
    dynamodb: Any
    tokens: TokenService
    orders: OrderService
    products: ProductService
    tickets: TicketRepository
    chat: ChatService = field(init=False)


def build_services(settings: Settings) -> Services:
    client = dynamodb_client(settings)
    products = ProductRepository(client, settings.table_name("products"))
    orders = OrderRepository(client, settings.table_name("orders"), products.table)
    svc = Services(
        settings=settings,
        dynamodb=client,
        tokens=TokenService(settings),
        orders=OrderService(orders, products),
        products=ProductService(products),
        tickets=TicketRepository(client, settings.table_name("tickets")),
    )
    svc.chat = ChatService(
        svc,
        ConversationRepository(client, settings.table_name("conversations")),
        AgentActionRepository(client, settings.table_name("agent-actions")),
        TOOLS,
        ProviderFactory(settings),
        utc_now,
    )
    return svc


def services() -> Services:
    return current_app.extensions[EXTENSION]
