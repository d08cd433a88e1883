"""The rules the spec does not state, found where the API refuses what its schema allows.

- Per operation: a function named after it (``customers_plans_add`` for ``client.customers.plans.add``). The
  generator hands it to the operation (``Operation.rules``): it runs before the generated checks, on the
  arguments as the caller gave them (``label`` names one in an error), raises where they break the rule, and
  may return replacements for some of them (a shorthand spelled out), which the generated checks then check.
- Per component schema: ``SCHEMAS``, a check run after the spec's own, wherever the component is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from metronome_async._core import validate as check
from metronome_async._core.serde import UNSET

Label = Callable[[str], str]
MAX_FILTER_IDS = 100


def _given(arguments: Mapping[str, Any], name: str) -> bool:
    return arguments.get(name, UNSET) not in (None, UNSET)


def _text(arguments: Mapping[str, Any], label: Label, *names: str) -> None:
    """Each of ``names``, when given, is not blank (the API refuses an empty name or key)."""
    for name in names:
        if _given(arguments, name):
            check.text(label(name), arguments[name])


def _not_both(arguments: Mapping[str, Any], label: Label, *pairs: tuple[str, str]) -> None:
    for first, second in pairs:
        if _given(arguments, first) and _given(arguments, second):
            raise ValueError(f"give one of {label(first)} and {label(second)}, not both")


def _ordered(arguments: Mapping[str, Any], label: Label, start: str, end: str) -> None:
    """``end``, when given, is later than ``start``."""
    if _given(arguments, start) and _given(arguments, end):
        first = check.moment(label(start), arguments[start])
        if check.moment(label(end), arguments[end]) <= first:
            raise ValueError(f"{label(end)} must be later than {label(start)}")


def _midnight(arguments: Mapping[str, Any], label: Label, *names: str) -> None:
    """Plan dates: Metronome refuses any time but 00:00 UTC."""
    for name in names:
        if _given(arguments, name):
            check.midnight_utc(label(name), arguments[name])


def _aliases(arguments: Mapping[str, Any], label: Label) -> None:
    if _given(arguments, "ingest_aliases"):
        check.ingest_aliases(label("ingest_aliases"), arguments["ingest_aliases"])


def _filters(arguments: Mapping[str, Any], label: Label, *names: str, max_items: int | None = None) -> None:
    """A listing's filter: an empty one would match everything, so it is refused rather than sent."""
    for name in names:
        if _given(arguments, name):
            check.filter_strings(label(name), arguments[name], max_items=max_items)


# --- customers ---------------------------------------------------------------------------------------------


def customers_create(arguments: Mapping[str, Any], label: Label) -> None:
    check.text(label("name"), arguments.get("name"))
    _aliases(arguments, label)


def customers_set_name(arguments: Mapping[str, Any], label: Label) -> None:
    check.text(label("name"), arguments.get("name"))


def customers_set_ingest_aliases(arguments: Mapping[str, Any], label: Label) -> None:
    _aliases(arguments, label)


def customers_list(arguments: Mapping[str, Any], label: Label) -> None:
    _text(arguments, label, "ingest_alias")
    _filters(arguments, label, "customer_ids", "salesforce_account_ids", max_items=MAX_FILTER_IDS)


def customers_set_billing_config(arguments: Mapping[str, Any], label: Label) -> None:
    check.text(label("billing_provider_customer_id"), arguments.get("billing_provider_customer_id"))


def customers_create_with_contract(arguments: Mapping[str, Any], label: Label) -> None:
    customer, contract = arguments.get("customer"), arguments.get("contract")
    if isinstance(customer, Mapping):
        customers_create(customer, lambda field: f"{label('customer')}[{field!r}]")
    if isinstance(contract, Mapping):
        contracts_create(contract, lambda field: f"{label('contract')}[{field!r}]")


def customers_plans_add(arguments: Mapping[str, Any], label: Label) -> None:
    _midnight(arguments, label, "starting_on", "ending_before")
    _ordered(arguments, label, "starting_on", "ending_before")


def customers_plans_end(arguments: Mapping[str, Any], label: Label) -> None:
    _midnight(arguments, label, "ending_before")
    if _given(arguments, "void_stripe_invoices") and not arguments.get("void_invoices"):
        raise ValueError(f"{label('void_stripe_invoices')} applies only with {label('void_invoices')}=True")


# --- custom fields -----------------------------------------------------------------------------------------


def custom_fields_add_key(arguments: Mapping[str, Any], label: Label) -> None:
    _text(arguments, label, "key")


def custom_fields_remove_key(arguments: Mapping[str, Any], label: Label) -> None:
    _text(arguments, label, "key")


def custom_fields_list_keys(arguments: Mapping[str, Any], label: Label) -> None:
    _filters(arguments, label, "entities")


def custom_fields_delete_values(arguments: Mapping[str, Any], label: Label) -> None:
    if _given(arguments, "keys"):
        check.strings(label("keys"), arguments["keys"])


# --- contracts and rate cards ------------------------------------------------------------------------------


def contracts_create(arguments: Mapping[str, Any], label: Label) -> None:
    _ordered(arguments, label, "starting_at", "ending_before")
    _not_both(arguments, label, ("rate_card_id", "rate_card_alias"), ("package_id", "package_alias"))


def contracts_list(arguments: Mapping[str, Any], label: Label) -> None:
    _not_both(arguments, label, ("covering_date", "starting_at"))


def rate_cards_create(arguments: Mapping[str, Any], label: Label) -> Mapping[str, Any] | None:
    """An alias may be given as its name alone."""
    check.text(label("name"), arguments.get("name"))
    aliases = arguments.get("aliases")
    if isinstance(aliases, (list, tuple)):
        return {"aliases": [{"name": alias} if isinstance(alias, str) else alias for alias in aliases]}
    return None


# --- component schemas -------------------------------------------------------------------------------------


def _provider_configuration(name: str, value: dict[str, Any]) -> dict[str, Any]:
    """A billing provider configuration is delivered one way: a method, or a method's id."""
    if "delivery_method" not in value and "delivery_method_id" not in value:
        raise ValueError(f"{name} needs 'delivery_method' or 'delivery_method_id'")
    return value


def _provider_lookup(name: str, value: dict[str, Any]) -> dict[str, Any]:
    """A contract's billing provider configuration: its id alone, or a provider and a delivery method."""
    if "billing_provider_configuration_id" in value:
        others = sorted(set(value) - {"billing_provider_configuration_id"})
        if others:
            raise ValueError(
                f"{name} takes billing_provider_configuration_id alone, not with {', '.join(others)}"
            )
    elif "billing_provider" not in value or "delivery_method" not in value:
        raise ValueError(
            f"{name} needs 'billing_provider_configuration_id', or 'billing_provider' and 'delivery_method'"
        )
    return value


SCHEMAS: dict[str, Callable[[str, Any], Any]] = {
    "CustomField": check.custom_field_values,
    "CustomerBillingProviderConfigurationCreateCustomerInput": _provider_configuration,
    "CustomerBillingProviderConfigurationInput": _provider_configuration,
    "CustomerBillingProviderConfigurationLookup": _provider_lookup,
}
"""Checks run after the spec's own for a component, wherever it is sent."""
