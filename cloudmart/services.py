"""The per-app service container in app.extensions["cloudmart"], and its accessor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from cloudmart.auth import TokenService
from cloudmart.aws import dynamodb_client
from cloudmart.config import Settings
from cloudmart.orders.service import OrderService
from cloudmart.products.service import ProductService
from cloudmart.repositories.orders import OrderRepository
from cloudmart.repositories.products import ProductRepository

EXTENSION = "cloudmart"


@dataclass
class Services:
    """Everything the views and tools use; built once per app, clients built lazily."""

    settings: Settings
    dynamodb: Any
    tokens: TokenService
    orders: OrderService
    products: ProductService


def build_services(settings: Settings) -> Services:
    client = dynamodb_client(settings)
    products = ProductRepository(client, settings.table_name("products"))
    orders = OrderRepository(client, settings.table_name("orders"), products.table)
    return Services(
        settings=settings,
        dynamodb=client,
        tokens=TokenService(settings),
        orders=OrderService(orders, products),
        products=ProductService(products),
    )


def services() -> Services:
    return current_app.extensions[EXTENSION]
