"""The Streamlit app's pages and UI helpers (run with ``streamlit run app.py`` or ``kg app``)."""
