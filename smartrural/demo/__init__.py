"""The demo province: Trà Vinh 2022–2025 and the Trà Vinh part of Vĩnh Long since 07/2025,
built through the services as officers would have built it (see ``load``)."""
