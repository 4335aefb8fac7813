"""German, French, Spanish, Russian, Japanese and Portuguese texts for local-chronicle articles.

Each language has one pool of about 34 sentence templates; an article samples 22-30 of them,
so two articles in the same language share sentences but stay far from near-duplicates.
"""
# ruff: noqa: E501  (prose data: one template per line reads better than wrapped strings)

from __future__ import annotations

from .common import pool

DE = dict(
    authors=["Katrin Vogt", "Jonas Brandt", "Sabine Kessler", "Tobias Lindner", "Ute Ostermann",
             "Matthias Krämer", "Leonie Schulte", "Stefan Hoffmann"],
    people=["Hildegard Wagner", "Renate Becker", "Monika Schulte", "Gisela Brandt", "Ingrid Vogt"],
    officials=["Baudezernentin Miriam Kessler", "Stadtsprecher Felix Lindner",
               "Bürgermeisterin Anna Hoffmann", "Stadtbaurat Lukas Krämer"],
    cities="Lüneburg|Bamberg|Konstanz|Görlitz|Heilbronn|Fulda|Passau|Celle".split("|"),
    titles=["{city}: Was sich in diesem Frühjahr in der Stadt ändert",
            "Neues aus {city}: Markt, Verkehr und ein volles Kulturprogramm",
            "Stadtgespräch in {city}: Zwischen Baustellen und Bürgerfest",
            "{city} im {month}: Ein Rundgang durch die Woche"],
    months="Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    body=pool("""
In {city} wird seit Wochen über kaum etwas anderes gesprochen als über die Pläne für die Innenstadt.

Die Stadtverwaltung hat am Dienstag einen überarbeiteten Entwurf vorgestellt, der viele Einwände berücksichtigt.

Nach Angaben von {official} sollen die Arbeiten im {month} beginnen und etwa {n} Monate dauern.

Geschäftsleute in der Fußgängerzone befürchten, dass die Kundschaft während der Bauzeit ausbleibt.

{person}, die seit dreißig Jahren eine Buchhandlung am Marktplatz führt, bleibt trotzdem gelassen.

„Wir haben schon ganz andere Zeiten überstanden“, sagt sie und lacht.

Der Wochenmarkt zieht vorübergehend auf den Platz vor dem alten Rathaus um.

Dort stehen jeden Mittwoch und Samstag rund {num} Stände mit Obst, Käse und Blumen.

Auch der Busverkehr wird neu geordnet, damit die Linien trotz Umleitungen pünktlich bleiben.

Die Verkehrsbetriebe versprechen, die neuen Fahrpläne mindestens zwei Wochen im Voraus zu veröffentlichen.

Radfahrerinnen und Radfahrer dürfen sich auf einen durchgehenden Weg entlang des Flusses freuen.

Im Stadtrat fiel die Entscheidung mit deutlicher Mehrheit, nur zwei Fraktionen stimmten dagegen.

Kritik kommt vor allem von Anwohnern, die mehr Lärm und weniger Parkplätze erwarten.

Die Kosten werden auf rund {money} Millionen Euro geschätzt, ein Teil davon stammt aus Fördermitteln des Landes.

Parallel dazu läuft das Kulturprogramm des Sommers, das in diesem Jahr besonders umfangreich ausfällt.

Auf der Freilichtbühne im Stadtpark sind an {n} Wochenenden Konzerte und Theateraufführungen geplant.

Der Eintritt zu den meisten Veranstaltungen ist frei, für einige wenige werden Karten verlost.

Die Musikschule beteiligt sich mit einem Projekt, bei dem Jugendliche eigene Lieder aufnehmen.

Wer es ruhiger mag, findet im Heimatmuseum eine neue Ausstellung über das Handwerk der Region.

Gezeigt werden alte Werkzeuge, Fotografien und Briefe, die Familien aus der Umgebung gespendet haben.

Die Museumsleiterin hofft, dass vor allem Schulklassen das Angebot nutzen werden.

Ein Thema, das viele Familien bewegt, ist der Mangel an Kita-Plätzen.

Die Stadt will bis Ende {year} zwei neue Einrichtungen eröffnen und zusätzliche Erzieherinnen einstellen.

Ob das gelingt, hängt nicht zuletzt davon ab, ob genügend Fachkräfte gefunden werden.

Beim letzten Bürgerabend war der Saal bis auf den letzten Platz besetzt.

Viele Fragen drehten sich um Details, etwa um die Beleuchtung der Gehwege oder neue Sitzbänke.

Der Oberbürgermeister versprach, alle Anregungen schriftlich zu beantworten.

Das Wetter spielt in diesen Wochen übrigens mit, nach einem nassen Frühjahr ist es angenehm mild.

Im Freibad wurde die Saison bereits eröffnet, das Wasser hat inzwischen über zwanzig Grad.

Ehrenamtliche des Sportvereins bieten wieder kostenlose Schwimmkurse für Kinder an.

Die Anmeldung läuft über die Geschäftsstelle, die Plätze sind allerdings begrenzt.

Am Ende des Monats feiert die Freiwillige Feuerwehr ihr hundertjähriges Bestehen.

Zum Festwochenende werden Gäste aus den Partnerstädten erwartet.

Wie immer gilt: Wer mitreden will, sollte die nächste Sitzung des Stadtrats nicht verpassen.
"""),
    comments=pool("""
Endlich tut sich etwas in der Innenstadt, das wurde auch Zeit.

Ich bin gespannt, ob der Zeitplan diesmal eingehalten wird.

Die Buchhandlung am Markt ist wirklich eine Institution, alles Gute!

Weiß jemand, ob der Markt auch samstags umzieht?

Schöner Artikel, danke für die ausführliche Übersicht.
"""),
    related=pool("""
Hochwasserschutz: Was die neue Mauer bringen soll

Fünf Ausflugsziele für das lange Wochenende

Streit um die Parkgebühren geht in die nächste Runde
"""),
    chrome=dict(home="Startseite", news="Nachrichten", local="Lokales", business="Wirtschaft",
                culture="Kultur", sport="Sport", travel="Reise", search="Suche", subscribe="Abonnieren",
                login="Anmelden", cookie="Wir verwenden Cookies, um Inhalte zu personalisieren und die Zugriffe auf unsere Website zu analysieren.",
                accept="Alle akzeptieren", reject="Nur notwendige", manage="Einstellungen",
                share="Artikel teilen", related="Das könnte Sie auch interessieren", comments="Kommentare",
                reply="Antworten", leave_comment="Kommentar schreiben", post_comment="Absenden",
                most_read="Meistgelesen", newsletter="Newsletter",
                newsletter_text="Die wichtigsten Nachrichten aus der Region, jeden Morgen per E-Mail.",
                email_placeholder="Ihre E-Mail-Adresse", by="Von", min_read="Min. Lesezeit",
                advert="Anzeige", tags="Schlagworte", about="Über uns", contact="Kontakt",
                privacy="Datenschutz", terms="Nutzungsbedingungen", careers="Karriere",
                advertise="Werben", rights="Alle Rechte vorbehalten.", read_more="Weiterlesen",
                originally="Dieser Artikel erschien zuerst in", updated="Aktualisiert"),
)

FR = dict(
    authors=["Camille Girard", "Julien Bonnet", "Élodie Perrin", "Mathieu Fontaine",
             "Margaux Chevalier", "Hugo Garnier", "Léa Mercier", "Bastien Rousseau"],
    people=["Josiane Moreau", "Martine Lefèvre", "Françoise Girard", "Monique Perrin",
            "Danielle Bonnet"],
    officials=["Claire Moreau, adjointe à l'urbanisme", "le maire, Antoine Chevalier",
               "Sophie Rousseau, directrice des services techniques",
               "Nicolas Garnier, porte-parole de la mairie"],
    cities="Angers|Besançon|Colmar|Annecy|Poitiers|Quimper|Nancy|Avignon".split("|"),
    titles=["{city} : ce qui change en ville ce printemps",
            "Chronique de {city} : marché, travaux et festival",
            "À {city}, la rentrée se prépare déjà",
            "{city} en {month} : tour d'horizon de la semaine"],
    months="janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    body=pool("""
À {city}, le réaménagement du centre-ville occupe toutes les conversations depuis plusieurs semaines.

La mairie a présenté mardi une nouvelle version du projet, qui tient compte de nombreuses remarques des habitants.

Selon {official}, les travaux devraient commencer en {month} et durer environ {n} mois.

Les commerçants de la rue piétonne craignent de voir leur clientèle diminuer pendant le chantier.

{person}, qui tient une librairie sur la place du marché depuis trente ans, reste pourtant sereine.

« Nous avons connu des périodes bien plus difficiles », confie-t-elle en souriant.

Le marché du samedi sera provisoirement installé devant l'ancien hôtel de ville.

On y trouve chaque semaine près de {num} étals de fruits, de fromages et de fleurs.

Le réseau de bus sera lui aussi réorganisé afin de limiter les retards liés aux déviations.

La société de transport promet de publier les nouveaux horaires au moins deux semaines à l'avance.

Les cyclistes pourront bientôt profiter d'une piste continue le long de la rivière.

Au conseil municipal, le projet a été adopté à une large majorité, malgré l'opposition de deux groupes.

Certains riverains redoutent davantage de bruit et la disparition de places de stationnement.

Le coût total est estimé à {money} millions d'euros, dont une partie financée par la région.

En parallèle, la programmation culturelle de l'été s'annonce particulièrement riche cette année.

Des concerts et des pièces de théâtre sont prévus pendant {n} week-ends au jardin public.

La plupart des spectacles sont gratuits, et quelques places seront tirées au sort pour les autres.

Le conservatoire participe avec un projet qui permet aux adolescents d'enregistrer leurs propres chansons.

Au musée municipal, une nouvelle exposition retrace l'histoire de l'artisanat local.

On peut y voir des outils anciens, des photographies et des lettres prêtées par des familles de la région.

La directrice du musée espère attirer en priorité les classes des écoles voisines.

Le manque de places en crèche reste une préoccupation majeure pour de nombreux parents.

La ville prévoit d'ouvrir deux nouvelles structures d'ici la fin de {year}.

Tout dépendra toutefois de la capacité à recruter suffisamment de personnel qualifié.

Lors de la dernière réunion publique, la salle était pleine à craquer.

Beaucoup de questions portaient sur des détails concrets, comme l'éclairage des trottoirs ou les bancs.

Le maire s'est engagé à répondre par écrit à chacune des propositions.

La météo se montre clémente ces jours-ci, après un printemps particulièrement pluvieux.

La piscine découverte a déjà ouvert ses portes, et l'eau dépasse désormais les vingt degrés.

Des bénévoles du club de natation proposent de nouveau des cours gratuits pour les enfants.

Les inscriptions se font au secrétariat du club, mais le nombre de places est limité.

À la fin du mois, les sapeurs-pompiers fêteront le centenaire de leur caserne.

Des délégations des villes jumelées sont attendues pour l'occasion.

Comme toujours, ceux qui veulent donner leur avis ont rendez-vous au prochain conseil municipal.
"""),
    comments=pool("""
Il était temps que le centre-ville bouge un peu.

J'espère que les délais seront respectés cette fois-ci.

Merci pour cet article très complet.

Quelqu'un sait si le marché du mercredi déménage aussi ?
"""),
    related=pool("""
Inondations : à quoi servira la nouvelle digue

Cinq idées de balades pour le week-end

Stationnement : le débat sur les tarifs continue
"""),
    chrome=dict(home="Accueil", news="Actualités", local="Ma ville", business="Économie",
                culture="Culture", sport="Sport", travel="Voyage", search="Rechercher",
                subscribe="S'abonner", login="Se connecter",
                cookie="Nous utilisons des cookies pour personnaliser le contenu et mesurer l'audience de notre site.",
                accept="Tout accepter", reject="Continuer sans accepter", manage="Paramétrer",
                share="Partager l'article", related="À lire aussi", comments="Commentaires",
                reply="Répondre", leave_comment="Laisser un commentaire", post_comment="Publier",
                most_read="Les plus lus", newsletter="Newsletter",
                newsletter_text="L'essentiel de l'actualité locale, chaque matin dans votre boîte mail.",
                email_placeholder="Votre adresse e-mail", by="Par", min_read="min de lecture",
                advert="Publicité", tags="Mots-clés", about="Qui sommes-nous", contact="Contact",
                privacy="Politique de confidentialité", terms="Conditions d'utilisation",
                careers="Recrutement", advertise="Annoncer", rights="Tous droits réservés.",
                read_more="Lire la suite", originally="Cet article a d'abord été publié dans",
                updated="Mis à jour"),
)

ES = dict(
    authors=["Lucía Navarro", "Pablo Romero", "Carmen Ortega", "Javier Castro", "Marta Molina",
             "Diego Serrano", "Irene Vidal", "Raúl Delgado"],
    people=["Pilar Fernández", "Dolores García", "Rosario Navarro", "Mercedes Ortega",
            "Concepción Vidal"],
    officials=["Marta García, concejala de Urbanismo", "el alcalde, Sergio Castro",
               "Elena Molina, arquitecta municipal", "Andrés Romero, portavoz del ayuntamiento"],
    cities="Salamanca|Cáceres|Logroño|Girona|Cádiz|Oviedo|Teruel|Almería".split("|"),
    titles=["{city}: lo que cambia en la ciudad esta primavera",
            "Crónica de {city}: mercado, obras y festival de verano",
            "Semana intensa en {city}",
            "{city} en {month}: un repaso a la actualidad local"],
    months="enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    body=pool("""
En {city} apenas se habla de otra cosa que de la reforma del casco antiguo.

El ayuntamiento presentó el martes una versión revisada del proyecto que recoge muchas de las quejas vecinales.

Según {official}, las obras comenzarán en {month} y se prolongarán durante unos {n} meses.

Los comerciantes de la calle peatonal temen perder clientes mientras duren los trabajos.

{person}, que regenta una librería en la plaza mayor desde hace treinta años, se lo toma con calma.

«Hemos pasado épocas mucho peores», comenta entre risas.

El mercadillo de los sábados se trasladará temporalmente frente al antiguo edificio consistorial.

Allí se instalan cada semana cerca de {num} puestos de fruta, queso y flores.

También se reorganizarán las líneas de autobús para evitar retrasos por los desvíos.

La empresa de transporte se ha comprometido a publicar los nuevos horarios con dos semanas de antelación.

Los ciclistas podrán disfrutar pronto de un carril continuo junto al río.

En el pleno municipal el proyecto salió adelante con una amplia mayoría.

Algunos vecinos temen más ruido y la desaparición de plazas de aparcamiento.

El coste total se estima en {money} millones de euros, financiados en parte por la comunidad autónoma.

Al mismo tiempo, la programación cultural del verano llega este año cargada de novedades.

Durante {n} fines de semana habrá conciertos y teatro en el parque municipal.

La mayoría de las actividades son gratuitas y para el resto se sortearán entradas.

La escuela de música participa con un taller en el que los adolescentes graban sus propias canciones.

El museo local inaugura una exposición sobre los oficios tradicionales de la comarca.

Se pueden ver herramientas antiguas, fotografías y cartas cedidas por familias de la zona.

La directora del museo confía en que los colegios aprovechen la oportunidad.

La falta de plazas en escuelas infantiles sigue preocupando a muchas familias jóvenes.

El consistorio quiere abrir dos nuevos centros antes de que termine {year}.

Todo dependerá, en buena medida, de que se encuentre personal cualificado suficiente.

En la última reunión vecinal no quedaba ni un asiento libre.

Muchas preguntas giraron en torno a detalles concretos, como la iluminación de las aceras o los bancos nuevos.

El alcalde prometió responder por escrito a todas las propuestas recibidas.

El tiempo acompaña estos días, después de una primavera especialmente lluviosa.

La piscina municipal ya ha abierto la temporada y el agua supera los veinte grados.

Voluntarios del club de natación vuelven a ofrecer cursillos gratuitos para niños.

Las inscripciones se hacen en la secretaría del club, aunque las plazas son limitadas.

A finales de mes, el cuerpo de bomberos celebrará su centenario con una jornada de puertas abiertas.

Se espera la visita de delegaciones de las ciudades hermanadas.

Como siempre, quien quiera opinar tiene una cita en el próximo pleno.
"""),
    comments=pool("""
Ya era hora de que se moviera algo en el centro.

Ojalá esta vez se cumplan los plazos.

Gracias por el artículo, muy completo.

¿Alguien sabe si el mercado de los miércoles también cambia de sitio?
"""),
    related=pool("""
Inundaciones: para qué servirá el nuevo muro

Cinco rutas para el fin de semana largo

La polémica por la zona azul sigue abierta
"""),
    chrome=dict(home="Inicio", news="Noticias", local="Local", business="Economía",
                culture="Cultura", sport="Deportes", travel="Viajes", search="Buscar",
                subscribe="Suscríbete", login="Iniciar sesión",
                cookie="Utilizamos cookies propias y de terceros para mejorar nuestros servicios y analizar la navegación.",
                accept="Aceptar todas", reject="Rechazar", manage="Configurar", share="Compartir",
                related="Te puede interesar", comments="Comentarios", reply="Responder",
                leave_comment="Deja un comentario", post_comment="Enviar", most_read="Lo más leído",
                newsletter="Boletín", newsletter_text="Las noticias de tu ciudad, cada mañana en tu correo.",
                email_placeholder="Tu correo electrónico", by="Por", min_read="min de lectura",
                advert="Publicidad", tags="Etiquetas", about="Quiénes somos", contact="Contacto",
                privacy="Política de privacidad", terms="Aviso legal", careers="Trabaja con nosotros",
                advertise="Publicidad", rights="Todos los derechos reservados.",
                read_more="Leer más", originally="Este artículo se publicó originalmente en",
                updated="Actualizado"),
)

RU = dict(
    authors=["Дмитрий Смирнов", "Елена Кузнецова", "Сергей Попов", "Ольга Соколова",
             "Алексей Лебедев", "Мария Морозова", "Павел Волков", "Наталья Никитина"],
    people=["Галина Петровна Иванова", "Людмила Соколова", "Валентина Морозова",
            "Нина Фёдорова", "Тамара Волкова"],
    officials=["заместителя мэра по строительству", "главного архитектора города",
               "представителя городской администрации", "председателя комитета по благоустройству"],
    cities="Ярославль|Казань|Калуга|Псков|Томск|Вологда|Тверь|Пермь".split("|"),
    titles=["{city}: что изменится в городе этой весной",
            "Городская хроника: {city} готовится к лету",
            "Неделя в городе {city}: рынок, ремонт и фестиваль",
            "{city}, {month}: главное за неделю"],
    months="январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
    body=pool("""
В городе {city} уже несколько недель обсуждают почти исключительно реконструкцию исторического центра.

Во вторник мэрия представила обновлённый проект, в котором учтены многие замечания жителей.

По словам {official}, работы начнутся в ближайшие месяцы и продлятся около {n} месяцев.

Владельцы магазинов на пешеходной улице опасаются, что покупателей во время ремонта станет меньше.

{person}, которая уже тридцать лет держит книжный магазин на рыночной площади, сохраняет спокойствие.

«Мы переживали времена и посложнее», — говорит она с улыбкой.

Субботний рынок временно переедет на площадь перед старым зданием городской думы.

Там каждую неделю работают около {num} прилавков с овощами, сыром и цветами.

Автобусные маршруты тоже изменят, чтобы объезды не приводили к опозданиям.

Транспортная компания обещает публиковать новое расписание как минимум за две недели.

Велосипедисты скоро получат непрерывную дорожку вдоль набережной.

Городская дума одобрила проект большинством голосов, против выступили лишь две фракции.

Часть жителей ожидает больше шума и меньше парковочных мест.

Общая стоимость работ оценивается в {money} миллионов рублей, часть средств выделит область.

Одновременно стартует летняя культурная программа, которая в этом году особенно насыщенна.

В городском парке {n} выходных подряд пройдут концерты и спектакли под открытым небом.

Вход на большинство мероприятий свободный, на остальные билеты будут разыгрываться.

Музыкальная школа участвует с проектом, в котором подростки записывают собственные песни.

В краеведческом музее открылась новая выставка о ремёслах региона.

Здесь можно увидеть старинные инструменты, фотографии и письма, переданные местными семьями.

Директор музея надеется, что выставку в первую очередь посетят школьники.

Многих молодых родителей по-прежнему беспокоит нехватка мест в детских садах.

До конца {year} года город планирует открыть два новых детских сада.

Удастся ли это, во многом зависит от того, найдутся ли квалифицированные воспитатели.

На последнем собрании жителей в зале не осталось свободных мест.

Многие вопросы касались конкретных деталей, например освещения тротуаров и новых скамеек.

Глава города пообещал ответить письменно на каждое предложение.

Погода в эти дни радует: после дождливой весны наконец установилось тепло.

Открытый бассейн уже начал сезон, вода прогрелась выше двадцати градусов.

Волонтёры спортивного клуба снова проводят бесплатные занятия по плаванию для детей.

Записаться можно в секретариате клуба, но количество мест ограничено.

В конце месяца пожарная часть отметит своё столетие днём открытых дверей.

На праздник ожидают гостей из городов-побратимов.

Как обычно, всех, кто хочет высказаться, ждут на следующем заседании думы.
"""),
    comments=pool("""
Наконец-то в центре что-то начинают делать.

Надеюсь, в этот раз сроки не сорвут.

Спасибо за подробный материал.

Кто-нибудь знает, рынок по средам тоже переезжает?
"""),
    related=pool("""
Паводок: зачем городу новая дамба

Пять маршрутов для прогулок на выходных

Спор о платных парковках продолжается
"""),
    chrome=dict(home="Главная", news="Новости", local="Город", business="Экономика",
                culture="Культура", sport="Спорт", travel="Путешествия", search="Поиск",
                subscribe="Подписаться", login="Войти",
                cookie="Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая пользоваться сайтом, вы соглашаетесь с этим.",
                accept="Принять", reject="Отклонить", manage="Настроить", share="Поделиться",
                related="Читайте также", comments="Комментарии", reply="Ответить",
                leave_comment="Оставить комментарий", post_comment="Отправить",
                most_read="Самое читаемое", newsletter="Рассылка",
                newsletter_text="Главные новости города каждое утро на вашу почту.",
                email_placeholder="Ваш e-mail", by="Автор:", min_read="мин чтения",
                advert="Реклама", tags="Теги", about="О редакции", contact="Контакты",
                privacy="Политика конфиденциальности", terms="Пользовательское соглашение",
                careers="Вакансии", advertise="Реклама на сайте", rights="Все права защищены.",
                read_more="Читать далее", originally="Материал впервые опубликован в издании",
                updated="Обновлено"),
)

JA = dict(
    authors=["佐藤陽子", "鈴木健太", "高橋美咲", "田中翔", "渡辺由美", "伊藤大輔", "山本さくら",
             "中村拓海"],
    people=["小林恵", "加藤和子", "山本節子", "中村久美子", "伊藤房子"],
    officials=["市都市整備課の佐藤課長", "市の担当者", "田中市長", "まちづくり推進室の鈴木室長"],
    cities="金沢 松本 高松 函館 倉敷 鎌倉 長崎 盛岡".split(),
    titles=["{city}の春、まちはこう変わる", "{city}だより：市場と工事と夏祭り",
            "{city}の一週間を振り返る", "{month}の{city}：地域の話題をまとめて"],
    months="1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月".split(),
    body=pool("""
{city}では、ここ数週間、中心市街地の再整備の話題で持ちきりだ。

市は火曜日、住民から寄せられた意見を反映した修正案を公表した。

{official}によると、工事は{month}に始まり、およそ{n}か月かかる見込みだという。

商店街の店主たちは、工事期間中に客足が遠のくのではないかと心配している。

市場の広場で三十年にわたって書店を営む{person}さんは、それでも落ち着いた様子だ。

「もっと大変な時期も乗り越えてきましたから」と笑顔で話す。

土曜日の朝市は、しばらくの間、旧市役所前の広場に場所を移す。

毎週およそ{num}の店が並び、野菜や果物、花などが売られている。

迂回路による遅れを防ぐため、バスの路線も見直される予定だ。

バス会社は、新しい時刻表を少なくとも二週間前に公表すると約束した。

川沿いには、途切れることのない自転車道が整備される。

市議会では賛成多数で計画が可決され、反対したのは二つの会派だけだった。

一方で、騒音の増加や駐車場の減少を懸念する住民もいる。

総事業費は約{money}億円と見込まれ、その一部は県の補助金でまかなわれる。

同じ時期に、今年の夏の文化行事も始まり、例年以上に盛りだくさんの内容となっている。

市民公園の野外ステージでは、{n}回の週末にわたってコンサートや演劇が開かれる。

ほとんどの催しは入場無料で、一部の公演については抽選で入場券が配られる。

音楽教室は、中高生が自作の曲を録音する企画で参加する。

郷土資料館では、地域の手仕事をテーマにした新しい展示が始まった。

古い道具や写真、地元の家族から寄贈された手紙などが並んでいる。

館長は、とくに近くの学校の子どもたちに見に来てほしいと話している。

保育所の不足は、若い家族にとって依然として大きな悩みだ。

市は{year}年度末までに新たに二つの保育施設を開設する方針だ。

ただし、十分な数の保育士を確保できるかどうかが課題になる。

先日の住民説明会では、会場が満席になった。

歩道の照明や新しいベンチなど、身近な細かい質問が数多く出された。

市長は、寄せられたすべての提案に文書で回答すると約束した。

雨の多い春が終わり、このところは穏やかな天気が続いている。

市営プールはすでに営業を始めており、水温は二十度を超えた。

水泳クラブのボランティアが、子ども向けの無料教室を今年も開く。

申し込みはクラブの事務局で受け付けているが、定員には限りがある。

月末には消防団が創立百周年を迎え、記念の式典が行われる。

姉妹都市からも代表団が訪れる予定だ。

意見を伝えたい人は、次回の市議会を傍聴してみてはいかがだろうか。
""", joiner=""),
    comments=pool("""
やっと中心部が動き出しますね。

今回は工期どおりに終わるといいのですが。

詳しい記事をありがとうございます。
""", joiner=""),
    related=pool("""
大雨に備える新しい堤防の役割

週末に歩きたい散策コース五選

駐車料金をめぐる議論、続く
""", joiner=""),
    chrome=dict(home="ホーム", news="ニュース", local="地域", business="経済", culture="文化",
                sport="スポーツ", travel="旅行", search="検索", subscribe="購読する",
                login="ログイン",
                cookie="当サイトでは、利便性の向上とアクセス解析のためにCookieを使用しています。",
                accept="同意する", reject="拒否する", manage="設定", share="この記事をシェア",
                related="関連記事", comments="コメント", reply="返信", leave_comment="コメントを書く",
                post_comment="送信", most_read="よく読まれている記事", newsletter="メールマガジン",
                newsletter_text="地域のニュースを毎朝メールでお届けします。",
                email_placeholder="メールアドレス", by="文：", min_read="分で読めます",
                advert="広告", tags="タグ", about="会社概要", contact="お問い合わせ",
                privacy="プライバシーポリシー", terms="利用規約", careers="採用情報",
                advertise="広告掲載", rights="無断転載を禁じます。", read_more="続きを読む",
                originally="この記事は次の媒体に掲載されたものです：", updated="更新"),
)

PT = dict(
    authors=["Beatriz Silva", "João Ferreira", "Mariana Costa", "Rafael Martins", "Inês Sousa",
             "Tiago Almeida", "Carolina Pereira", "Bruno Rodrigues"],
    people=["Maria de Lurdes Santos", "Fernanda Oliveira", "Rosa Pereira", "Isabel Costa",
            "Graça Almeida"],
    officials=["Inês Costa, vereadora do urbanismo", "o presidente da câmara, Pedro Martins",
               "Ana Ferreira, arquiteta municipal", "Gonçalo Sousa, porta-voz da autarquia"],
    cities="Coimbra|Braga|Évora|Aveiro|Viseu|Faro|Guimarães|Tavira".split("|"),
    titles=["{city}: o que muda na cidade nesta primavera",
            "Crónica de {city}: mercado, obras e festival",
            "Uma semana cheia em {city}",
            "{city} em {month}: o essencial da atualidade local"],
    months="janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    body=pool("""
Em {city}, a requalificação do centro histórico domina as conversas há várias semanas.

A câmara municipal apresentou na terça-feira uma versão revista do projeto, que acolhe muitas críticas dos moradores.

Segundo {official}, as obras devem começar em {month} e durar cerca de {n} meses.

Os comerciantes da rua pedonal receiam perder clientes enquanto durarem os trabalhos.

{person}, que gere uma livraria na praça do mercado há trinta anos, mantém a calma.

«Já passámos por tempos bem mais difíceis», diz, a sorrir.

O mercado de sábado vai mudar-se temporariamente para o largo em frente aos antigos paços do concelho.

Todas as semanas juntam-se ali cerca de {num} bancas de fruta, queijo e flores.

As carreiras de autocarro também vão ser reorganizadas para evitar atrasos causados pelos desvios.

A empresa de transportes promete divulgar os novos horários com pelo menos duas semanas de antecedência.

Os ciclistas vão poder contar em breve com uma ciclovia contínua ao longo do rio.

Na assembleia municipal, o projeto foi aprovado por larga maioria.

Alguns moradores temem mais ruído e menos lugares de estacionamento.

O custo total está estimado em {money} milhões de euros, em parte financiados por fundos regionais.

Ao mesmo tempo, a programação cultural do verão chega este ano cheia de novidades.

Durante {n} fins de semana haverá concertos e teatro no jardim municipal.

A maioria dos espetáculos é gratuita e para os restantes serão sorteados bilhetes.

A escola de música participa com uma oficina em que os adolescentes gravam as suas próprias canções.

O museu municipal inaugurou uma exposição sobre os ofícios tradicionais da região.

Podem ver-se ferramentas antigas, fotografias e cartas cedidas por famílias da zona.

A diretora do museu espera sobretudo a visita das escolas vizinhas.

A falta de vagas em creches continua a preocupar muitas famílias jovens.

A autarquia quer abrir duas novas creches até ao final de {year}.

Tudo vai depender, em grande medida, de se conseguir contratar pessoal qualificado suficiente.

Na última sessão de esclarecimento, a sala estava completamente cheia.

Muitas perguntas incidiram sobre pormenores concretos, como a iluminação dos passeios ou os novos bancos.

O presidente da câmara prometeu responder por escrito a todas as propostas.

O tempo tem ajudado, depois de uma primavera especialmente chuvosa.

A piscina municipal já abriu a época balnear e a água passa dos vinte graus.

Voluntários do clube de natação voltam a oferecer aulas gratuitas para crianças.

As inscrições fazem-se na secretaria do clube, mas as vagas são limitadas.

No fim do mês, os bombeiros voluntários celebram o centenário do quartel.

Esperam-se delegações das cidades geminadas.

Como sempre, quem quiser dar a sua opinião tem encontro marcado na próxima assembleia.
"""),
    comments=pool("""
Já não era sem tempo, o centro precisava disto.

Espero que desta vez os prazos sejam cumpridos.

Obrigado pelo artigo, muito completo.
"""),
    related=pool("""
Cheias: para que vai servir o novo paredão

Cinco passeios para o fim de semana prolongado

A polémica do estacionamento pago continua
"""),
    chrome=dict(home="Início", news="Notícias", local="Local", business="Economia",
                culture="Cultura", sport="Desporto", travel="Viagens", search="Pesquisar",
                subscribe="Assinar", login="Entrar",
                cookie="Utilizamos cookies para melhorar a sua experiência e analisar o tráfego do site.",
                accept="Aceitar todos", reject="Rejeitar", manage="Definições", share="Partilhar",
                related="Leia também", comments="Comentários", reply="Responder",
                leave_comment="Deixe um comentário", post_comment="Publicar",
                most_read="Mais lidas", newsletter="Newsletter",
                newsletter_text="As notícias da sua cidade, todas as manhãs no seu e-mail.",
                email_placeholder="O seu e-mail", by="Por", min_read="min de leitura",
                advert="Publicidade", tags="Etiquetas", about="Quem somos", contact="Contactos",
                privacy="Política de privacidade", terms="Termos de utilização",
                careers="Recrutamento", advertise="Publicite connosco",
                rights="Todos os direitos reservados.", read_more="Ler mais",
                originally="Este artigo foi publicado originalmente em", updated="Atualizado"),
)

LANGS = {"de": DE, "fr": FR, "es": ES, "ru": RU, "ja": JA, "pt": PT}
