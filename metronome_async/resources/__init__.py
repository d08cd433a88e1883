"""The API's resources, one module each; the client exposes them as attributes."""

from metronome_async.resources.contracts import Contracts
from metronome_async.resources.custom_fields import CustomFields
from metronome_async.resources.customer_plans import CustomerPlans
from metronome_async.resources.customers import Customers
from metronome_async.resources.plans import Plans
from metronome_async.resources.rate_cards import RateCards
from metronome_async.resources.usage import Usage

__all__ = ["Contracts", "CustomFields", "CustomerPlans", "Customers", "Plans", "RateCards", "Usage"]
